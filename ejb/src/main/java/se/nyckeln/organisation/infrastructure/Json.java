package se.nyckeln.organisation.infrastructure;

/** Minimal JSON objects for audit before/after states; built by hand because imports write hundreds of thousands. */
public final class Json {

    private Json() {
    }

    /** {@code object("name", "X", "parentId", 4)}: keys and values alternating; nulls are kept as null. */
    public static String object(Object... keyValues) {
        StringBuilder b = new StringBuilder(64).append('{');
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            string(b, String.valueOf(keyValues[i]));
            b.append(':');
            Object v = keyValues[i + 1];
            if (v == null) {
                b.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                string(b, v.toString());
            }
        }
        return b.append('}').toString();
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
