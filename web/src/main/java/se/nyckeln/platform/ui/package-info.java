/** The Faces UI shell: login, layout and navigation per role. */
package se.nyckeln.platform.ui;
