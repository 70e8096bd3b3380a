/**
 * The chargeback outputs as plain libraries (no database, no CDI): the unit statement PDF, the invoice basis
 * for bolag and, in {@code sie}, the SIE 4I journal. The engine maps a run onto these records. Formats are
 * described in {@code docs/chargeback-outputs.md}.
 */
package se.nyckeln.chargeback.output;
