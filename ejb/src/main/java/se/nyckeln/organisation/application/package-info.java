/**
 * The organisation context's use cases: the tree as of a date ({@link se.nyckeln.organisation.application.OrgTree}),
 * unit changes, people and devices, department mappings and file imports. Each public method is one
 * transaction; reads are scoped by {@link se.nyckeln.platform.security.AccessScope}, so a viewer never learns
 * that a unit outside its scope exists.
 */
package se.nyckeln.organisation.application;
