package dev.dtk.samples.entities;

import dev.dtk.entity.EntityFunction;

/**
 * One entity per device, fed by any service that produces {@code signal-entity} records to
 * {@code dtk.commands} keyed {@code @device@<device id>}: {@code record} takes a reading (a number) and
 * keeps the count, sum, minimum, maximum and last value; {@code get} answers them; {@code reset}
 * starts afresh. {@link DeviceReport} reads the aggregates of many devices.
 */
public final class Device {

    public static final String NAME = "Device";

    /** What a device keeps of its readings. */
    public record Readings(long count, double sum, double min, double max, double last) {

        Readings with(double value) {
            return count == 0 ? new Readings(1, value, value, value, value)
                    : new Readings(count + 1, sum + value, Math.min(min, value), Math.max(max, value), value);
        }

        public double average() {
            return count == 0 ? 0 : sum / count;
        }
    }

    /** The entity's code. */
    public static final EntityFunction ENTITY = op -> {
        switch (op.name().toLowerCase(java.util.Locale.ROOT)) {
            case "record" -> {
                Double value = op.getInput(Double.class);
                if (value == null || value.isNaN() || value.isInfinite()) {
                    throw new IllegalArgumentException("a reading must be a finite number, got " + value);
                }
                op.setState(op.getState(Readings.class, new Readings(0, 0, 0, 0, 0)).with(value));
            }
            case "get" -> op.result(op.getState(Readings.class));
            case "reset" -> op.deleteState();
            default -> throw new IllegalArgumentException("Device has no operation '" + op.name()
                    + "'; it has record, get, reset and delete");
        }
    };

    private Device() {
    }
}
