/** The shipper's one configuration mapping ({@code shipper.*}); contract: property names are the public interface. */
package io.logpipe.shipper.config;
