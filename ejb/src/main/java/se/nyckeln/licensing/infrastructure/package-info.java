/**
 * The licensing tables, in SQL on the transaction's own connection: the product catalogue and its aliases,
 * entitlements, the pool rows with their guarded counters (allocation is one conditional UPDATE; the row lock
 * serialises concurrent allocations and the CHECK constraint is the last line of defence), the allocation
 * ledger, and usage evidence (checked by {@link se.nyckeln.licensing.infrastructure.UsagePlanner}, merged
 * set-based by {@link se.nyckeln.licensing.infrastructure.UsageStore}).
 */
package se.nyckeln.licensing.infrastructure;
