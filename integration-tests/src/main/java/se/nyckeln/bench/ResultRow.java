package se.nyckeln.bench;

/**
 * One line of the report: what the application achieved, what the physical baseline achieved in the same run
 * on the same data, and the goal, a minimum ratio app / baseline (for figures where more is better).
 *
 * @param measure    what is measured, e.g. "import rows/s"
 * @param app        the application's figure (median where repeated), or NaN when not available
 * @param baseline   the baseline's figure (median where repeated), or NaN when there is none
 * @param unit       unit of both figures
 * @param ratio      the ratio judged against the goal (median of per-round ratios where interleaved)
 * @param goal       minimum ratio, or NaN when this line is informational
 * @param spread     how much the repeated measurements varied, in words (e.g. "ratio 0.52-0.61 over 5 rounds")
 * @param note       anything the reader needs to read the line right
 */
public record ResultRow(String measure, double app, double baseline, String unit, double ratio, double goal,
                        String spread, String note) {

    /** A line whose figure could not be measured, with the reason; never a made-up number. */
    public static ResultRow notAvailable(String measure, String reason) {
        return new ResultRow(measure, Double.NaN, Double.NaN, "", Double.NaN, Double.NaN, "", "not available: " + reason);
    }

    /** PASS, FAIL, or "-" when there is no goal or no figure. */
    public String verdict() {
        if (Double.isNaN(goal) || Double.isNaN(ratio)) {
            return "-";
        }
        return ratio >= goal ? "PASS" : "FAIL";
    }
}
