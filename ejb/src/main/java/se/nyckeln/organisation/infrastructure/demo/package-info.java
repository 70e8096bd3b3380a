/** The deterministic demo and benchmark city: units with merger history, fictitious people and devices. */
package se.nyckeln.organisation.infrastructure.demo;
