package se.nyckeln.chargeback.domain;

import se.nyckeln.shared.Sha256;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The content hash of a run: SHA-256 over a canonical text of everything the run charges (period, key version, every
 * measure, every pool part and every line with its unit, quantities and amount; adjustments with what they correct).
 * Records are sorted and numbers written without trailing zeros, so the hash does not depend on database ids or row
 * order: the same data gives the same hash, which is how a recomputed draft proves it is unchanged.
 */
public final class ContentHash {

    private final List<String> records = new ArrayList<>();

    public ContentHash add(String kind, Object... fields) {
        StringBuilder b = new StringBuilder(kind);
        for (Object f : fields) {
            b.append('|');
            if (f instanceof BigDecimal d) {
                b.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
            } else {
                b.append(f == null ? "" : String.valueOf(f).replace("|", "\\|").replace("\n", "\\n"));
            }
        }
        records.add(b.toString());
        return this;
    }

    public String hex() {
        List<String> sorted = new ArrayList<>(records);
        Collections.sort(sorted);
        return Sha256.of(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8)).hex();
    }
}
