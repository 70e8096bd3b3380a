/**
 * The statistics read model: set-based SQL over the dated licensing and organisation tables (no copies, no
 * snapshot table), run on the caller's transaction.
 */
package se.nyckeln.statistics.infrastructure;
