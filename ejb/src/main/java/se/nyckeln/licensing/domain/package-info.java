/**
 * The licensing rules, free of persistence: licence metrics and terms, a pool's capacity on a day from its
 * entitlements (a site licence is unlimited), which pools a unit may draw from (a bolag's units from their
 * bolag's pool, the kommun's pool only when its entitlement lets bolag draw), and a unit's holding in a pool
 * from the allocation ledger (a reallocation cannot move more than the unit holds on every day from its date).
 */
package se.nyckeln.licensing.domain;
