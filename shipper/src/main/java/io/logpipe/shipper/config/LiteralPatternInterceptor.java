package io.logpipe.shipper.config;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Expressions;
import io.smallrye.config.Priorities;

/**
 * Hands {@code shipper.inputs.<name>.multiline.pattern} to the mapping exactly as its source holds it, without
 * SmallRye Config's expression expansion. A regex uses {@code $} itself: expansion turns {@code \$} into
 * {@code $} and {@code $$} into {@code $}, so {@code -D…pattern=\\$} (a line ending in a backslash) silently
 * became {@code \$} (a line ending in a dollar) and nothing joined. With expansion off for this one property,
 * {@code -D} options and environment variables reach the regex as written, and a properties file as its own
 * escaping reads it ({@code \\} is one backslash there); a {@code ${VAR}} in a pattern is not replaced.
 *
 * <p>Its priority puts it outside the expression interceptor ({@code Priorities.LIBRARY + 300}), which asks
 * {@link Expressions#isEnabled()} after the inner chain answered. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.APPLICATION)
public final class LiteralPatternInterceptor implements ConfigSourceInterceptor {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "shipper.inputs.";
    private static final String SUFFIX = ".multiline.pattern";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (isPattern(name)) {
            return Expressions.withoutExpansion(() -> context.proceed(name));
        }
        return context.proceed(name);
    }

    /** Whether {@code name} is an input's multiline pattern (the input name may be quoted and hold dots). */
    static boolean isPattern(String name) {
        return name.length() > PREFIX.length() + SUFFIX.length() && name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }
}
