/** Demo mode: the demo city and demo users on first start (never in production mode). */
package se.nyckeln.platform.demo;
