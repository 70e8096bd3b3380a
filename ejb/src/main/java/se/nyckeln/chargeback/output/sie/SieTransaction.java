package se.nyckeln.chargeback.output.sie;

import java.util.Map;
import java.util.TreeMap;

/** {@code #TRANS kontonr {dim "obj" ...} belopp transdat "transtext"}; objects keyed by dimension number. */
public record SieTransaction(String account, Map<Integer, String> objects, long amountOre, String text) {

    public SieTransaction {
        objects = objects == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(objects));
    }
}
