/**
 * Adapters of the organisation context: CSV decoding as Swedish offices produce it, the import planners, and
 * the JDBC store that loads the current dated rows and writes changes set-based (arrays + unnest), so that
 * a city-sized import (60,000 people, 150,000 devices) fits in one transaction well under a minute.
 */
package se.nyckeln.organisation.infrastructure;
