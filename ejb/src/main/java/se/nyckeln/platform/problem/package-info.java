/** The failure vocabulary: {@link se.nyckeln.platform.problem.BusinessException} with stable codes, import errors, and the message bundles they render with. */
package se.nyckeln.platform.problem;
