/**
 * REST resources of the organisation context under {@code /api/v1}: units (tree as of a date, create,
 * change, close, merge), people and devices (create, move, end), department mappings and file imports.
 * Reads are open to all five roles (a unit viewer only within its scope, enforced by the application
 * services); writes need LICENCE_ADMIN. Resources only map HTTP to one service call and back.
 */
package se.nyckeln.organisation.rest;
