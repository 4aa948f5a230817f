using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Spectre.Console;

namespace Gyre.Cli.Commands.Deployments;

/// <summary>
/// <c>gyre deployments list|show|create|update|delete|events|status|promote|rollback|switch</c> against a
/// serving server's <c>/api/gyre/deployments</c> (<c>gyre serve</c> or <c>gyre server --serve-models</c>).
/// </summary>
internal static class DeploymentsCommand
{
    public static void AddTo(RootCommand root)
    {
        var server = new Option<string>("--server")
        {
            Description = "Serving server URL (default: GYRE_SERVER_URI, else http://127.0.0.1:5000).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GYRE_SERVER_URI") is { Length: > 0 } uri ? uri : "http://127.0.0.1:5000",
            Recursive = true,
        };
        var command = new Command("deployments", "Deployments: models behind an endpoint with a traffic policy (canary, blue-green, split, ...).");
        command.Options.Add(server);
        command.Subcommands.Add(List(server));
        command.Subcommands.Add(Show(server));
        command.Subcommands.Add(CreateOrUpdate(server, update: false));
        command.Subcommands.Add(CreateOrUpdate(server, update: true));
        command.Subcommands.Add(Delete(server));
        command.Subcommands.Add(Events(server));
        command.Subcommands.Add(Status(server));
        foreach (var (action, help) in new[]
                 {
                     ("promote", "Send all traffic to a canary's candidate now."),
                     ("rollback", "Send all traffic back to a canary's baseline now."),
                     ("switch", "Switch a blue-green deployment to its other (or the given) variant."),
                 })
            command.Subcommands.Add(Action(server, action, help));
        root.Subcommands.Add(command);
    }

    private static Argument<string> NameArgument() => new("name") { Description = "Deployment name." };

    private static Command List(Option<string> server)
    {
        var command = new Command("list", "List deployments.");
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            using var document = await api.GetAsync("", ct);
            var table = new Table().AddColumns("Name", "Policy", "Variants (version)", "Shares");
            var count = 0;
            foreach (var d in document.RootElement.GetProperty("deployments").EnumerateArray())
            {
                table.AddRow(Escape(d.GetProperty("name").GetString()), Escape(d.GetProperty("policy").GetProperty("kind").GetString()),
                    Escape(string.Join(", ", d.GetProperty("variants").EnumerateArray().Select(v => $"{v.GetProperty("name").GetString()} (v{v.GetProperty("version").GetString()})"))),
                    Escape(Shares(d.GetProperty("shares"))));
                count++;
            }
            if (count == 0) console.WriteLine("No deployments.");
            else console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show(Option<string> server)
    {
        var name = NameArgument();
        var command = new Command("show", "Show a deployment's spec, variants and shares.") { name };
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            using var document = await api.GetAsync("/" + Uri.EscapeDataString(parse.GetValue(name)!), ct);
            var d = document.RootElement;
            var policy = d.GetProperty("policy");
            console.MarkupLine($"[bold]{Escape(d.GetProperty("name").GetString())}[/]  policy [bold]{Escape(policy.GetProperty("kind").GetString())}[/] {Escape(policy.GetProperty("settings").GetRawText())}");
            if (d.TryGetProperty("batching", out var batching))
                console.WriteLine($"batching: {batching.GetProperty("max_batch_size").GetInt32()} rows per model call, {batching.GetProperty("max_queue_delay_ms").GetDouble().ToString(CultureInfo.InvariantCulture)} ms queue delay");
            if (d.TryGetProperty("cache", out var cache))
                console.WriteLine($"cache: {cache.GetProperty("max_entries").GetInt32()} entries, {cache.GetProperty("max_bytes").GetInt64()} bytes, {cache.GetProperty("ttl_seconds").GetDouble().ToString(CultureInfo.InvariantCulture)} s");
            var table = new Table().AddColumns("Variant", "Model URI", "Version", "Format", "Share");
            var shares = d.GetProperty("shares");
            foreach (var v in d.GetProperty("variants").EnumerateArray())
            {
                var variant = v.GetProperty("name").GetString()!;
                table.AddRow(Escape(variant), Escape(v.GetProperty("model_uri").GetString()), Escape(v.GetProperty("version").GetString()),
                    Escape(v.GetProperty("format").GetString()), shares.TryGetProperty(variant, out var s) ? Percent(s) : "");
            }
            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateOrUpdate(Option<string> server, bool update)
    {
        var name = new Argument<string>("name") { Description = "Deployment name." };
        var file = new Option<string?>("--file", "-f") { Description = "Spec as JSON: {\"variants\": [{\"name\", \"model_uri\"}], \"policy\": {\"kind\", \"settings\"}} (- for stdin)." };
        var variants = new Option<string[]>("--variant", "-v") { Description = "A variant as name=model_uri (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var policy = new Option<string?>("--policy") { Description = "Policy kind: single, split, canary, blue_green, ... (default single)." };
        var settings = new Option<string?>("--settings") { Description = "Policy settings as a JSON object, e.g. '{\"stages\": [1, 5, 25, 100], \"hold_seconds\": 300}'." };
        var command = new Command(update ? "update" : "create",
            update ? "Update a deployment's variants, policy, batching and cache; new models load first and swap in without a failed request." : "Create a deployment.")
        {
            name, file, variants, policy, settings,
        };
        var serving = ServingFlags.Create();
        serving.AddTo(command);
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            var deployment = parse.GetValue(name)!;
            var spec = await SpecAsync(deployment, parse.GetValue(file), parse.GetValue(variants) ?? [], parse.GetValue(policy), parse.GetValue(settings), ct);
            // Flags given override the spec file's batching / cache; without a file they are the settings.
            var (batching, cache) = serving.Read(parse);
            if (parse.GetValue(file) is null || serving.BatchingGiven(parse)) spec = spec with { Batching = batching };
            if (parse.GetValue(file) is null || serving.CacheGiven(parse)) spec = spec with { Cache = cache };
            var body = DeploymentJson.Serialize(spec);
            using var document = update
                ? await api.PutAsync("/" + Uri.EscapeDataString(deployment), body, ct)
                : await api.PostAsync("", body, ct);
            var d = document.RootElement;
            console.WriteLine($"{(update ? "Updated" : "Created")} deployment '{deployment}' ({d.GetProperty("policy").GetProperty("kind").GetString()}): "
                + string.Join(", ", d.GetProperty("variants").EnumerateArray().Select(v => $"{v.GetProperty("name").GetString()} = version {v.GetProperty("version").GetString()}"))
                + $"; shares {Shares(d.GetProperty("shares"))}");
            return 0;
        });
        return command;
    }

    private static async Task<DeploymentSpec> SpecAsync(string name, string? file, string[] variants, string? policy, string? settings, CancellationToken ct)
    {
        if (file is not null)
        {
            if (variants.Length > 0 || policy is not null || settings is not null)
                throw GyreException.InvalidParameter("Give either --file or --variant/--policy/--settings, not both.");
            var text = file == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(file, ct);
            // Checked here so a typo is reported before anything is sent.
            return DeploymentJson.ParseSpec(text, name);
        }
        if (variants.Length == 0) throw GyreException.InvalidParameter("Give the variants with --variant name=model_uri (or a spec with --file).");
        var specs = variants.Select(v =>
        {
            var eq = v.IndexOf('=');
            return eq <= 0 || eq == v.Length - 1
                ? throw GyreException.InvalidParameter($"--variant '{v}' is not name=model_uri.")
                : new VariantSpec(v[..eq], v[(eq + 1)..]);
        }).ToArray();
        JsonElement settingsJson;
        try
        {
            using var document = JsonDocument.Parse(settings ?? "{}");
            settingsJson = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw GyreException.InvalidParameter($"--settings is not valid JSON: {e.Message}");
        }
        var kind = policy ?? (specs.Length == 1 ? "single" : throw GyreException.InvalidParameter("Several variants need a --policy (split, canary, blue_green, ...)."));
        return new DeploymentSpec(name, specs, new PolicySpec(kind, settingsJson));
    }

    private static Command Delete(Option<string> server)
    {
        var name = NameArgument();
        var command = new Command("delete", "Delete a deployment and its events.") { name };
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            using var _ = await api.DeleteAsync("/" + Uri.EscapeDataString(parse.GetValue(name)!), ct);
            console.WriteLine($"Deleted deployment '{parse.GetValue(name)}'.");
            return 0;
        });
        return command;
    }

    private static Command Events(Option<string> server)
    {
        var name = NameArgument();
        var limit = new Option<int>("--limit", "-n") { Description = "Show at most this many of the newest events.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print the events as JSON." };
        var command = new Command("events", "Show a deployment's decisions (automatic and manual) with their evidence.") { name, limit, json };
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            using var document = await api.GetAsync($"/{Uri.EscapeDataString(parse.GetValue(name)!)}/events?limit={parse.GetValue(limit)}", ct);
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(document.RootElement.GetRawText());
                return 0;
            }
            var events = document.RootElement.GetProperty("events").EnumerateArray().ToArray();
            if (events.Length == 0)
            {
                console.WriteLine("No events.");
                return 0;
            }
            var table = new Table().AddColumns("Time (UTC)", "Kind", "Reason", "Evidence", "Shares after");
            foreach (var e in events)
            {
                var time = e.GetProperty("timestamp").GetString()!.Replace('T', ' ').TrimEnd('Z');
                table.AddRow(Escape(time), Escape(e.GetProperty("kind").GetString()), Escape(e.GetProperty("reason").GetString()),
                    Escape(Evidence(e.GetProperty("evidence"))), Escape(Shares(e.GetProperty("shares_after"))));
            }
            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Status(Option<string> server)
    {
        var name = NameArgument();
        var command = new Command("status", "Show a deployment's policy state, traffic shares and per-variant counts.") { name };
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            using var document = await api.GetAsync($"/{Uri.EscapeDataString(parse.GetValue(name)!)}/status", ct);
            var s = document.RootElement;
            console.MarkupLine($"[bold]{Escape(s.GetProperty("name").GetString())}[/]  policy [bold]{Escape(s.GetProperty("policy").GetString())}[/]  shares {Escape(Shares(s.GetProperty("shares")))}");
            var state = new Table().AddColumns("State", "Value");
            foreach (var p in s.GetProperty("state").EnumerateObject())
                state.AddRow(Escape(p.Name), Escape(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
            console.Write(state);
            var variants = new Table().AddColumns("Variant", "Version", "Requests", "Errors", "Mean latency ms", "Model URI");
            foreach (var v in s.GetProperty("variants").EnumerateArray())
                variants.AddRow(Escape(v.GetProperty("name").GetString()), Escape(v.GetProperty("version").GetString()),
                    v.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture), v.GetProperty("errors").GetInt64().ToString(CultureInfo.InvariantCulture),
                    v.GetProperty("mean_latency_ms").GetDouble().ToString("0.###", CultureInfo.InvariantCulture), Escape(v.GetProperty("model_uri").GetString()));
            console.Write(variants);
            return 0;
        });
        return command;
    }

    private static Command Action(Option<string> server, string action, string help)
    {
        var name = NameArgument();
        var variant = new Option<string?>("--variant") { Description = "The variant to move traffic to, when the policy needs to be told." };
        var command = new Command(action, help) { name, variant };
        SetAction(command, server, async (parse, api, console, ct) =>
        {
            var body = parse.GetValue(variant) is { } v ? JsonSerializer.Serialize(new Dictionary<string, string> { ["variant"] = v }) : null;
            using var document = await api.PostAsync($"/{Uri.EscapeDataString(parse.GetValue(name)!)}/actions/{action}", body, ct);
            foreach (var e in document.RootElement.GetProperty("events").EnumerateArray())
                console.WriteLine($"{e.GetProperty("kind").GetString()}: {e.GetProperty("reason").GetString()} (shares {Shares(e.GetProperty("shares_after"))})");
            return 0;
        });
        return command;
    }

    private static void SetAction(Command command, Option<string> server, Func<ParseResult, DeploymentsApi, IAnsiConsole, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var text = parse.GetValue(server)!;
            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                await error.WriteLineAsync($"error: --server '{text}' is not an http:// or https:// URL.");
                return 1;
            }
            try
            {
                using var api = new DeploymentsApi(uri);
                return await action(parse, api, Tracking.TrackingCli.ConsoleFor(output, redirectedWidth: 220), ct);
            }
            catch (GyreException e) when (e.Code == ErrorCode.TEMPORARILY_UNAVAILABLE)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                await error.WriteLineAsync("Is the server running? Start one with `gyre serve` or `gyre server --serve-models`, or point --server / GYRE_SERVER_URI at it.");
                return 2;
            }
            catch (GyreException e)
            {
                await error.WriteLineAsync($"error: {e.Code}: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
    }

    private static string Escape(string? text) => Markup.Escape(text ?? "");

    private static string Percent(JsonElement share) =>
        share.ValueKind == JsonValueKind.Number ? (share.GetDouble() * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "";

    private static string Shares(JsonElement shares) =>
        string.Join(", ", shares.EnumerateObject().Select(p => $"{p.Name} {Percent(p.Value)}"));

    private static string Evidence(JsonElement evidence) =>
        string.Join(", ", evidence.EnumerateObject().Select(p =>
            $"{p.Name}={(p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble().ToString("G4", CultureInfo.InvariantCulture) : "n/a")}"));
}
