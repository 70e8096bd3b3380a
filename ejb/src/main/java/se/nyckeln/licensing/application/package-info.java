/**
 * The licensing use cases, each one transaction: the product catalogue with SKU aliases ({@link
 * se.nyckeln.licensing.application.Catalogue}), pools and entitlements ({@link
 * se.nyckeln.licensing.application.Pools}), allocating and reallocating seats ({@link
 * se.nyckeln.licensing.application.Allocations}) and importing usage evidence ({@link
 * se.nyckeln.licensing.application.UsageImports}). Units are ids of the organisation context, read through its
 * application API; every change is audited in the same transaction.
 */
package se.nyckeln.licensing.application;
