package se.nyckeln.bench;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTextTest {

    @Test
    void readsObjectsArraysNumbersStringsAndLiterals() {
        Object v = JsonText.parse(" {\"a\": [1, -2.5, 3e2], \"b\": {\"c\": \"x\\\"y\\u00e5\\n\"}, \"d\": true, \"e\": null,"
                + " \"f\": false, \"g\": [], \"h\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(new BigDecimal("1"), new BigDecimal("-2.5"), new BigDecimal("3e2")), m.get("a"));
        assertEquals(Map.of("c", "x\"yå\n"), m.get("b"));
        assertEquals(Boolean.TRUE, m.get("d"));
        assertEquals(true, m.containsKey("e"));
        assertEquals(null, m.get("e"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertEquals(List.of(), m.get("g"));
        assertEquals(Map.of(), m.get("h"));
        assertEquals(List.of("a", "b", "d", "e", "f", "g", "h"), List.copyOf(m.keySet()), "keys keep their order");
        assertEquals(Arrays.asList(null, "z"), JsonText.parse("[null,\"z\"]"));
    }

    @Test
    void refusesBrokenText() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("[1,2] x"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("\"open"));
    }
}
