import Metrics
import Prometheus

/// The process-wide metrics backend: swift-metrics → a Prometheus registry that `/metrics`
/// serves. swift-metrics allows one bootstrap per process, so the registry is made once.
public enum CourtyardMetrics {
    private static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Bootstraps swift-metrics on first call and returns the registry (same one afterwards).
    public static func bootstrap() -> PrometheusCollectorRegistry { shared }
}
