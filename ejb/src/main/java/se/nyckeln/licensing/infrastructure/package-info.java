/**
 * The licensing tables, in SQL on the transaction's own connection: the product catalogue and its aliases,
 * entitlements, the pool rows with their guarded counters (allocation is one conditional UPDATE; the row lock
 * serialises concurrent allocations and the CHECK constraint is the last line of defence) and the allocation
 * ledger.
 */
package se.nyckeln.licensing.infrastructure;
