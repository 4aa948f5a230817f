using Microsoft.AspNetCore.StaticFiles;

namespace Gyre.Server.Artifacts;

/// <summary>The content type an artifact is served with, guessed from its extension as MLflow does.</summary>
public static class ContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = CreateProvider();

    public static string Guess(string fileName) =>
        Provider.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";

    private static FileExtensionContentTypeProvider CreateProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        // MLflow serves its text formats as text/plain so browsers show them instead of downloading them.
        foreach (var ext in new[] { ".yaml", ".yml", ".md", ".txt", ".log", ".py" })
            provider.Mappings[ext] = "text/plain";
        return provider;
    }
}
