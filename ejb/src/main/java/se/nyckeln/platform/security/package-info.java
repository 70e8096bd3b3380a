/** Authentication data (local users), roles, and the unit scope that keeps a department viewer inside its own units. */
package se.nyckeln.platform.security;
