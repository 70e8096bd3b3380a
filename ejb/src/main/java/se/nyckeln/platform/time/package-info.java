/** The application's one clock, settable in test mode. */
package se.nyckeln.platform.time;
