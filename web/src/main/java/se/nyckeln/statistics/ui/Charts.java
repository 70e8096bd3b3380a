package se.nyckeln.statistics.ui;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.math.BigDecimal;
import java.util.List;

/** The JSON a chart canvas carries in {@code data-chart} for statistics.js (labels and one or more series). */
final class Charts {

    private Charts() {
    }

    record Series(String label, List<? extends Number> values) {
    }

    static String chart(String type, String yTitle, List<String> labels, List<Series> series) {
        return chart(type, yTitle, labels, series, false);
    }

    /** {@code percent}: the y axis runs to 100 at least. */
    static String chart(String type, String yTitle, List<String> labels, List<Series> series, boolean percent) {
        JsonArrayBuilder l = Json.createArrayBuilder();
        labels.forEach(s -> l.add(s == null ? "" : s));
        JsonArrayBuilder ds = Json.createArrayBuilder();
        for (Series s : series) {
            JsonArrayBuilder v = Json.createArrayBuilder();
            for (Number n : s.values()) {
                if (n == null) {
                    v.addNull();
                } else if (n instanceof BigDecimal b) {
                    v.add(b);
                } else {
                    v.add(n.doubleValue());
                }
            }
            ds.add(Json.createObjectBuilder().add("label", s.label()).add("data", v));
        }
        var chart = Json.createObjectBuilder().add("type", type).add("yTitle", yTitle).add("labels", l)
                .add("datasets", ds);
        if (percent) {
            chart.add("yMax", 100);
        }
        return chart.build().toString();
    }
}
