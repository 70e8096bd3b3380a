package se.nyckeln.chargeback.output;

/** "Det här kan ni påverka": seats of a product the unit could return and what that saves per month. */
public record InfluenceItem(String product, int harvestableSeats, long savingOrePerMonth) {
}
