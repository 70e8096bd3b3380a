/** Schema migrations (Flyway, as the owner role) and the readiness check. */
package se.nyckeln.platform.persistence;
