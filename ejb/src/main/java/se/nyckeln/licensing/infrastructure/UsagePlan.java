package se.nyckeln.licensing.infrastructure;

import se.nyckeln.platform.problem.ImportError;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked usage file: every problem found, or (when there is none) the usage records to merge, one per
 * product and person or device with the newest date the file gives for it.
 */
public final class UsagePlan {

    /** A person xor a device using a product. */
    public record Key(long productId, Long personId, Long deviceId) {
    }

    public final List<ImportError> errors = new ArrayList<>();
    public final Map<Key, LocalDate> records = new LinkedHashMap<>();
    /** From a holdings file (the admin center export): product and person → sign-in blocked. */
    public final Map<Key, Boolean> holdings = new LinkedHashMap<>();
    public int rows;

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Keeps the later date when the file names the same product and holder twice, as the table does. */
    void record(Key key, LocalDate day) {
        records.merge(key, day, (a, b) -> a.isAfter(b) ? a : b);
    }
}
