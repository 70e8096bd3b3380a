/** Web-side security: the authentication mechanism for the UI (form) and the REST API (Basic, 401 problem+json). */
package se.nyckeln.platform.security;
