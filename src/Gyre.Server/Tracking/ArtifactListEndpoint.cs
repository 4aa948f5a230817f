using Gyre.Artifacts;
using Gyre.Server.Artifacts;
using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Tracking;

/// <summary>MlflowService's ListArtifacts: a run's artifacts, paths relative to the run's artifact root.</summary>
public static class ArtifactListEndpoint
{
    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends)
    {
        var json = MlflowJsonContext.Default;
        Rpc.Map(routes, "GET", "/artifacts/list", Rpc.Handler(json.ListArtifactsRequest, json.ListArtifactsResponse,
            async (r, _, ct) =>
            {
                var relative = ArtifactPath.Validate(r.Path);
                var run = await backends.Tracking.GetRunAsync(Require.RunId(r.RunId, r.RunUuid), ct);
                var (repository, root) = MlflowArtifactUri.Resolve(run.Info.ArtifactUri, backends.ArtifactDestination);
                var entries = await repository.ListAsync(Join(root, relative), ct);
                var files = entries.Select(e => new WireFileInfo
                {
                    Path = Join(relative, LastSegment(e.Path)),
                    IsDir = e.IsDir,
                    FileSize = e.IsDir ? null : e.FileSize,
                }).ToList();
                return new ListArtifactsResponse { RootUri = run.Info.ArtifactUri, Files = files.Count == 0 ? null : files };
            }));
    }

    internal static string Join(string directory, string name) =>
        directory.Length == 0 ? name : name.Length == 0 ? directory : directory + "/" + name;

    internal static string LastSegment(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash < 0 ? path.TrimEnd('/') : path[(slash + 1)..].TrimEnd('/');
    }
}
