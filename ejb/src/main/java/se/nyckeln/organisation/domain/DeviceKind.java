package se.nyckeln.organisation.domain;

import java.util.Locale;
import java.util.Optional;

/** A device's kind decides which distribution key counts it (staff computer vs pupil 1-1 device). */
public enum DeviceKind {
    STAFF_COMPUTER, PUPIL_DEVICE, SHARED_DEVICE;

    public static Optional<DeviceKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
