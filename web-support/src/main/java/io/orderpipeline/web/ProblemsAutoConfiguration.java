package io.orderpipeline.web;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Every error answer of a servlet service is {@code application/problem+json}: Spring Boot's error path answers
 * problems ({@link ProblemErrorController}, in place of {@code BasicErrorController}), and Tomcat's error report
 * valve writes problems ({@link ProblemErrorReportValve}, in place of its HTML page). The controllers' own problem
 * handlers stay in each service; this covers everything they never see. Every problem Spring MVC writes carries
 * the request's trace id ({@link ProblemTraceIds}).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController(ErrorAttributes errorAttributes, ObjectProvider<Tracer> tracer) {
        return new ProblemErrorController(errorAttributes, tracer);
    }

    @Bean
    ProblemTraceIds problemTraceIds(ObjectProvider<Tracer> tracer) {
        return new ProblemTraceIds(tracer);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tomcat.class)
    static class TomcatErrorReportConfiguration {

        /**
         * Tomcat's documented hook is the Host's {@code errorReportValveClass}; Spring Boot has already added a
         * plain {@link ErrorReportValve} to the Host (without server info or report), so that one is replaced.
         * Ordered last, so it runs after Boot's own customizer has added its valve.
         */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValveCustomizer(
                ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            return new ProblemErrorReportValveCustomizer(tracer, propagator);
        }
    }

    static class ProblemErrorReportValveCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final ObjectProvider<Tracer> tracer;
        private final ObjectProvider<Propagator> propagator;

        ProblemErrorReportValveCustomizer(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            this.tracer = tracer;
            this.propagator = propagator;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline()
                            .addValve(
                                    new ProblemErrorReportValve(tracer.getIfAvailable(), propagator.getIfAvailable()));
                    // Stops the Host from adding its default valve when it starts (it looks for this class).
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
