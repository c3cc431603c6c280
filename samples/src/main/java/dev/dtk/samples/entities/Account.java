package dev.dtk.samples.entities;

import dev.dtk.entity.AbstractEntity;

/**
 * A bank account, written as a class: each public method is an operation. The balance never goes
 * below zero: a withdrawal larger than the balance fails and leaves it as it was.
 */
public final class Account extends AbstractEntity<Long> {

    public static final String NAME = "Account";

    @Override
    protected Long initialState() {
        return 0L;
    }

    public void deposit(long amount) {
        requirePositive(amount);
        state += amount;
    }

    public void withdraw(long amount) {
        requirePositive(amount);
        if (amount > state) {
            throw new IllegalStateException("insufficient funds: the balance is " + state + ", the withdrawal "
                    + amount);
        }
        state -= amount;
    }

    public long balance() {
        return state;
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("the amount must be positive, got " + amount);
        }
    }
}
