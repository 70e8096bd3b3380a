/**
 * The agreements and purchases use cases, each one transaction: agreements with call-off rights and price
 * lists ({@link se.nyckeln.agreements.application.Agreements}), purchase imports, mappings and verdicts
 * ({@link se.nyckeln.agreements.application.Purchases}). Every change is audited in the same transaction and
 * followed by a re-match of all purchase lines.
 */
package se.nyckeln.agreements.application;
