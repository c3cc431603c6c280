package dev.dtk.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The function keys the gateway accepts. Each presented key is compared with every configured key
 * in constant time (no early exit on the first match), so timing tells nothing about the keys.
 */
public final class KeyCheck {

    private final List<byte[]> keys;

    public KeyCheck(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** True when keys are off, or {@code presented} is one of the keys. */
    public boolean allows(String presented) {
        if (keys.isEmpty()) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}
