/**
 * The shipper configured by a Logstash pipeline file ({@code shipper.config}, {@code SHIPPER_CONFIG},
 * {@code --config FILE}).
 *
 * <p>Contract: {@link io.logpipe.shipper.pipelinefile.PipelineMapping#properties} turns a parsed file (the
 * {@code common} module's {@link io.logpipe.common.lscl.LsclParser}) into the {@code shipper.*} and
 * {@code quarkus.redis.*} properties that do what the file says with Logstash's semantics, and nothing else: it is
 * pure (no I/O; environment variables for {@code ${VAR}} references are passed in), and anything logpipe does not do
 * (another plugin, an option it lacks, a value it cannot honour, a filter block) is a
 * {@link io.logpipe.common.lscl.ConfigException} at the file, line and column that says it, naming what logpipe
 * supports instead. Options that only tune Logstash itself ({@code id}, {@code enable_metric}, {@code workers},
 * the redis output's {@code codec => json} and connection tuning) are accepted and change nothing.
 * {@link io.logpipe.shipper.pipelinefile.PipelineFileConfigSourceFactory} makes those properties a configuration
 * source below environment variables and system properties, so those still override the file (a Kubernetes Secret
 * can supply {@code QUARKUS_REDIS_PASSWORD}).
 *
 * <p>Values are written so that SmallRye Config reads them back unchanged ({@code ConfigValues}: no expression
 * expansion of a {@code $} in a password or path, commas inside list elements kept); the multiline pattern is
 * written as is, since it is read without expansion ({@code config.LiteralPatternInterceptor}).
 */
package io.logpipe.shipper.pipelinefile;
