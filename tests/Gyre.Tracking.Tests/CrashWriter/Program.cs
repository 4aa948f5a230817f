using Gyre.Tracking;
using Gyre.Tracking.Entities;

// Writes metrics to a run forever, printing "ack <step>" after each acknowledged (committed) write,
// so a test can kill it with SIGKILL at any moment and check that every acknowledged step survived.
// Odd steps log 100 metrics, a batch SQLite acknowledges before moving its rows into the metric tables,
// so a kill also lands while such batches are pending.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Gyre.Tracking.CrashWriter <store-uri> <run-id>");
    return 2;
}
await using var store = await TrackingStoreFactory.OpenAsync(args[0]);
var runId = args[1];
for (long step = 0; ; step++)
{
    await store.LogBatchAsync(runId,
        metrics: [new Metric("loss", 1.0 / (step + 1), 1_700_000_000_000 + step, step),
            .. Enumerable.Range(0, step % 2 == 1 ? 99 : 0).Select(k => new Metric($"filler{k}", k, 1_700_000_000_000 + step, step))],
        tags: [new RunTag("last_step", step.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    Console.Out.WriteLine($"ack {step}");
    Console.Out.Flush();
}
