package io.logpipe.indexer.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClientBuilder;

import io.quarkus.elasticsearch.restclient.lowlevel.ElasticsearchClientConfig;

/**
 * {@code indexer.elasticsearch.ssl-certificate-authorities} (Logstash's {@code ssl_certificate_authorities}): the
 * Elasticsearch client trusts exactly the certificate authorities in these PEM files, as Logstash's output does,
 * instead of the JVM's default trust store. The Quarkus client has no such setting; this is its documented hook.
 */
@ElasticsearchClientConfig
@Dependent
public class ElasticsearchTrust implements RestClientBuilder.HttpClientConfigCallback {
    @Inject
    IndexerConfig config;

    @Override
    public HttpAsyncClientBuilder customizeHttpClient(HttpAsyncClientBuilder builder) {
        config.elasticsearch().sslCertificateAuthorities().ifPresent(files -> builder.setSSLContext(trusting(files)));
        return builder;
    }

    /** A TLS context whose only trusted roots are the certificates in these PEM files. */
    public static SSLContext trusting(List<Path> pemFiles) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (Path file : pemFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : x509.generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("indexer.elasticsearch.ssl-certificate-authorities " + pemFiles
                        + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read indexer.elasticsearch.ssl-certificate-authorities " + pemFiles, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("indexer.elasticsearch.ssl-certificate-authorities " + pemFiles
                    + " is not a set of PEM certificates: " + e.getMessage(), e);
        }
    }
}
