/**
 * The licensing REST API: {@code /products} (catalogue and aliases), {@code /pools} (pools, allocations,
 * reallocations) and {@code /entitlements}. The licence administrator writes; every role reads, a unit viewer
 * seeing only its own units' allocations.
 */
package se.nyckeln.licensing.rest;
