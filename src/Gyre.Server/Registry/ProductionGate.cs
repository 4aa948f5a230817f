using System.Globalization;
using Gyre.Artifacts;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Learn.Gates;
using Gyre.Models.Abstractions;
using Gyre.Server.Artifacts;
using Gyre.Server.Hosting;
using Gyre.Tracking.Entities;

namespace Gyre.Server.Registry;

/// <summary>
/// Quality gates a model version must pass before it becomes Production (the stage, or one of the gated
/// aliases such as <c>champion</c>): the suite (<c>gyre server --production-gates suite.yaml</c>, with its
/// <c>holdout</c>) is evaluated on the candidate's files; the current Production version, when there is
/// one, is the baseline of a <c>no_regression</c> rule (without one that rule is left out). A failure is
/// INVALID_STATE (HTTP 400) naming each failed gate, and the registry is not changed.
/// </summary>
public sealed class ProductionGate
{
    private readonly GateSuite _suite;
    private readonly HashSet<string> _aliases;

    public ProductionGate(GateSuite suite, IEnumerable<string> gatedAliases, string source)
    {
        if (suite.Holdout is null)
            throw GyreException.InvalidParameter($"Production gates '{source}' need a 'holdout:' with 'data' (a CSV) and 'target' (the label column).");
        if (!File.Exists(suite.Holdout.DataPath))
            throw GyreException.InvalidParameter($"Production gates '{source}': holdout data '{suite.Holdout.DataPath}' does not exist.");
        _suite = suite;
        _aliases = new HashSet<string>(gatedAliases, StringComparer.Ordinal);
        Source = source;
    }

    public static ProductionGate Load(string path, IEnumerable<string>? gatedAliases = null) =>
        new(GateSuite.Load(path), gatedAliases ?? ["champion"], path);

    public string Source { get; }

    public static bool GatesStage(string stage) => ModelStages.Canonicalize(stage) == ModelStages.Production;

    public bool GatesAlias(string alias) => _aliases.Contains(alias);

    /// <summary>Evaluates the suite on <paramref name="name"/> version <paramref name="version"/>; throws INVALID_STATE when a gate fails.</summary>
    public async Task<GateReport> CheckAsync(string name, string version, string target, GyreBackends backends, CancellationToken ct)
    {
        var candidate = await backends.Registry.GetModelVersionAsync(name, version, ct).ConfigureAwait(false);
        var production = (await backends.Registry.GetLatestVersionsAsync(name, [ModelStages.Production], ct).ConfigureAwait(false))
            .Where(v => v.Version != version)
            .MaxBy(v => long.Parse(v.Version, CultureInfo.InvariantCulture));
        var suite = production is null ? _suite with { Rules = _suite.Rules.Where(r => r is not NoRegressionGate).ToArray() } : _suite;

        using var candidateFiles = await LocalModel.FetchAsync(candidate.Source, backends, ct).ConfigureAwait(false);
        using var baselineFiles = production is not null && suite.Rules.Any(r => r is NoRegressionGate)
            ? await LocalModel.FetchAsync(production.Source, backends, ct).ConfigureAwait(false)
            : null;
        GateReport report;
        if (suite.Rules.Count == 0)
        {
            report = new GateReport([]);
        }
        else
        {
            var holdout = CsvTable.Read(_suite.Holdout!.DataPath);
            using var model = ModelLoader.Default.Load(candidateFiles.Path);
            using var baseline = baselineFiles is null ? null : ModelLoader.Default.Load(baselineFiles.Path);
            report = GateEvaluator.Evaluate(suite, model, candidateFiles.Path, holdout, _suite.Holdout.Target, baseline);
        }
        if (report.Passed) return report;
        var failed = report.Results.Where(r => !r.Passed)
            .Select(r => $"{r.Name} = {r.Measured.ToString("0.#####", CultureInfo.InvariantCulture)} (needs {r.Threshold}; {r.Detail})");
        throw GyreException.InvalidState(
            $"Model version {version} of '{name}' cannot become {target}: {report.Results.Count(r => !r.Passed)} of {report.Results.Count} " +
            $"production gates failed ({Source}): {string.Join("; ", failed)}.");
    }

    /// <summary>A model version's files on local disk: the source itself when it is local, else a temporary copy.</summary>
    private sealed class LocalModel : IDisposable
    {
        private readonly string? _temporary;

        private LocalModel(string path, string? temporary)
        {
            Path = path;
            _temporary = temporary;
        }

        public string Path { get; }

        public static async Task<LocalModel> FetchAsync(string source, GyreBackends backends, CancellationToken ct)
        {
            if (source.StartsWith("runs:/", StringComparison.Ordinal))
            {
                var rest = source["runs:/".Length..].TrimStart('/');
                var slash = rest.IndexOf('/');
                var run = await backends.Tracking.GetRunAsync(slash < 0 ? rest : rest[..slash], ct).ConfigureAwait(false);
                source = run.Info.ArtifactUri.TrimEnd('/') + (slash < 0 ? "" : "/" + rest[(slash + 1)..]);
            }
            if (ModelVersionSource.IsLocal(source))
            {
                var local = source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(source).LocalPath : source;
                if (!File.Exists(local) && !Directory.Exists(local))
                    throw GyreException.InvalidState($"The model version's files are not at '{source}'.");
                return new LocalModel(local, null);
            }
            var (repository, root) = MlflowArtifactUri.Resolve(source, backends.ArtifactDestination);
            var folder = Directory.CreateTempSubdirectory("gyre-gate-").FullName;
            try
            {
                if (root.Length > 0 && await repository.FileExistsAsync(root, ct).ConfigureAwait(false))
                {
                    var file = System.IO.Path.Combine(folder, root.Split('/')[^1]);
                    await CopyAsync(repository, root, file, ct).ConfigureAwait(false);
                    return new LocalModel(file, folder);
                }
                var copied = await CopyTreeAsync(repository, root, root, folder, ct).ConfigureAwait(false);
                if (copied == 0) throw GyreException.InvalidState($"The model version's source '{source}' holds no files.");
                return new LocalModel(folder, folder);
            }
            catch
            {
                Directory.Delete(folder, recursive: true);
                throw;
            }
        }

        private static async Task<int> CopyTreeAsync(IArtifactRepository repository, string root, string directory, string target, CancellationToken ct)
        {
            var count = 0;
            foreach (var entry in await repository.ListAsync(directory, ct).ConfigureAwait(false))
            {
                var relative = root.Length == 0 ? entry.Path : entry.Path[(root.Length + 1)..];
                if (entry.IsDir) count += await CopyTreeAsync(repository, root, entry.Path, target, ct).ConfigureAwait(false);
                else
                {
                    await CopyAsync(repository, entry.Path, System.IO.Path.Combine(target, relative), ct).ConfigureAwait(false);
                    count++;
                }
            }
            return count;
        }

        private static async Task CopyAsync(IArtifactRepository repository, string path, string file, CancellationToken ct)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            await using var input = await repository.OpenReadAsync(path, ct).ConfigureAwait(false);
            await using var output = File.Create(file);
            await input.CopyToAsync(output, ct).ConfigureAwait(false);
        }

        public void Dispose()
        {
            if (_temporary is not null && Directory.Exists(_temporary)) Directory.Delete(_temporary, recursive: true);
        }
    }
}
