using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>
/// The byte-level log-batch reader against the source-generated serializer and the message's validation:
/// whenever the fast reader accepts a body, it must read exactly what the serializer reads (doubles bit for
/// bit), every metric complete; whenever the serializer refuses a body or the message's validation an
/// incomplete metric, the fast reader must give up so they report the error; and the plain bodies real
/// MLflow clients send must take the fast path.
/// </summary>
public sealed class LogBatchFastReaderTests
{
    private const string RunId = "0123456789abcdef0123456789abcdef";

    public static TheoryData<string> ClientBodies => new()
    {
        // MLflow's Python client (json.dumps defaults: ", " and ": ").
        $$"""{"run_id": "{{RunId}}", "metrics": [{"key": "m", "value": 0.5, "timestamp": 1700000000000, "step": 3}], "params": [], "tags": []}""",
        // The same compact, as JSON.stringify and most other clients write it.
        $$"""{"run_id":"{{RunId}}","metrics":[{"key":"m","value":0.5,"timestamp":1700000000000,"step":3}],"params":[],"tags":[]}""",
        // Python's client with params, tags, an integer value, a negative exponent and no step.
        $$"""{"run_id": "{{RunId}}", "metrics": [{"key": "loss", "value": 1, "timestamp": 1700000000000}, {"key": "lr", "value": 1e-05, "timestamp": 1700000000001, "step": 0}], "params": [{"key": "alpha", "value": "0.5"}], "tags": [{"key": "mlflow.runName", "value": "brave-owl-42"}]}""",
        // Pretty-printed, with run_uuid and fields in another order.
        $$"""
        {
          "metrics": [
            {
              "step": 7,
              "timestamp": 1700000000000,
              "value": -2.5E+3,
              "key": "val/acc"
            }
          ],
          "run_uuid": "{{RunId}}",
          "run_id": "{{RunId}}"
        }
        """,
        // Only params; only tags; nothing at all.
        $$"""{"run_id": "{{RunId}}", "params": [{"key": "p", "value": ""}]}""",
        $$"""{"run_id": "{{RunId}}", "tags": [{"key": "t", "value": "x"}, {"key": "u", "value": "y"}]}""",
        "{}",
    };

    [Theory]
    [MemberData(nameof(ClientBodies))]
    public void Plain_client_bodies_take_the_fast_path_and_read_as_the_serializer_reads_them(string body)
    {
        Assert.True(Fast(body, out var fast), body);
        AssertSame(Serializer(body), fast, body);
    }

    [Theory]
    [InlineData(500, 2, "metric")] // the tracking-load benchmark's body
    [InlineData(700, 4, "metric")] // more metrics than MLflow allows in one batch (the message's validation refuses them, not the reader)
    [InlineData(1000, 2, "abcdefgh")] // many keys alike in their first 8 bytes
    [InlineData(1000, 2, "validation/")] // ... and in their first and last 8 bytes, once long enough
    [InlineData(2500, 2, "m")] // more distinct keys than the key table keeps
    public void Large_batches_take_the_fast_path_and_read_as_the_serializer_reads_them(int metricCount, int steps, string keyPrefix)
    {
        var body = BenchmarkBody(metricCount, steps, keyPrefix);
        Assert.True(Fast(body, out var fast));
        Assert.Equal(metricCount * steps, fast.CheckedMetrics!.Count);
        AssertSame(Serializer(body), fast, $"{metricCount} metrics x {steps} steps");
    }

    /// <summary>Bodies the fast reader accepts, each read as the serializer reads it.</summary>
    public static TheoryData<string> AcceptedEdgeCases => new()
    {
        // Strings: escapes of every kind, raw UTF-8, escaped surrogate pairs, an escaped slash, empty.
        """{"run_id": "a\"b\\c\/d\b\f\n\r\t", "metrics": [{"key": "k\u00e9y\ud83d\ude00", "value": 1, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "ключ/熱/😀", "value": 1, "timestamp": 1}], "params": [{"key": "é", "value": "\u0000\u001f"}]}""",
        """{"run_id": "", "params": [{"key": "k", "value": ""}], "tags": [{"key": "", "value": "line1\nline2"}]}""",
        """{"run_id": "r", "params": [{"key": "k", "value": "a long value with \"quotes\" inside, and some more text to pass sixteen bytes \\ ok"}]}""",
        // Numbers: exponents, negative zero, extremes, integers where a double goes.
        """{"run_id": "r", "metrics": [{"key": "a", "value": -0, "timestamp": 0}, {"key": "b", "value": -0.0, "timestamp": -0}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1e308, "timestamp": 1}, {"key": "b", "value": 5e-324, "timestamp": 1}, {"key": "c", "value": 2e-324, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1.7976931348623157e308, "timestamp": 1}, {"key": "b", "value": -1.7976931348623157E+308, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1E0, "timestamp": 1}, {"key": "b", "value": 1e+0, "timestamp": 1}, {"key": "c", "value": 0.1e-0, "timestamp": 1}, {"key": "d", "value": 123456789012345678901234567890, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 0.30000000000000004, "timestamp": 1}, {"key": "b", "value": 9007199254740993, "timestamp": 1}, {"key": "c", "value": 2.2250738585072011e-308, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 0.1000000000000000055511151231257827021181583404541015625, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1e-400, "timestamp": 1}, {"key": "b", "value": -1e-400, "timestamp": 1}]}""",
        // int64 limits for timestamp and step.
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1, "timestamp": 9223372036854775807, "step": -9223372036854775808}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1, "timestamp": -9223372036854775807, "step": 1000000000000000000}]}""",
        """{"run_id": "r", "metrics": [{"key": "a", "value": 1, "timestamp": 12345678, "step": 123456789}, {"key": "a", "value": 2, "timestamp": 1234567890123456789, "step": 99999999}]}""",
        // Whitespace everywhere JSON allows it.
        " \t\r\n{ \t\r\n\"run_id\" \t\r\n: \t\r\n\"r\" \t\r\n, \"metrics\" : [ { \"key\" : \"k\" , \"value\" : 1.5 , \"timestamp\" : 2 , \"step\" : 3 } , { \"timestamp\" : 4 , \"value\" : 0 , \"key\" : \"j\" } ] , \"params\" : [ ] , \"tags\" : [ { \"key\" : \"t\" } ] } \t\r\n",
        // Params and tags without a value (an empty string, as MLflow reads them).
        """{"run_id": "r", "params": [{"key": "p"}], "tags": [{"key": "k"}]}""",
        // The same key at many steps: each read as its own equal string.
        """{"run_id": "r", "metrics": [{"key": "loss", "value": 1, "timestamp": 1, "step": 0}, {"key": "loss", "value": 2, "timestamp": 1, "step": 1}, {"key": "los", "value": 3, "timestamp": 1}, {"key": "losss", "value": 4, "timestamp": 1}, {"key": "loss", "value": 5, "timestamp": 1}]}""",
        // Repeated keys that differ only in the middle, or are very long.
        """{"run_id": "r", "metrics": [{"key": "abcdefgh_1_stuvwxyz", "value": 1, "timestamp": 1}, {"key": "abcdefgh_2_stuvwxyz", "value": 2, "timestamp": 1}, {"key": "abcdefgh_1_stuvwxyz", "value": 3, "timestamp": 1}, {"key": "abcdefgh_2_stuvwxyz", "value": 4, "timestamp": 1}]}""",
        $$"""{"run_id": "r", "metrics": [{"key": "{{new string('x', 300)}}", "value": 1, "timestamp": 1}, {"key": "{{new string('x', 299)}}y", "value": 2, "timestamp": 1}, {"key": "{{new string('x', 300)}}", "value": 3, "timestamp": 1}]}""",
    };

    [Theory]
    [MemberData(nameof(AcceptedEdgeCases))]
    public void Edge_cases_it_accepts_read_as_the_serializer_reads_them(string body)
    {
        Assert.True(Fast(body, out var fast), body);
        AssertSame(Serializer(body), fast, body);
    }

    /// <summary>Bodies the fast reader must leave to the serializer (which reads them differently or refuses them).</summary>
    public static TheoryData<string> DeclinedEdgeCases => new()
    {
        // Incomplete metrics: the message's validation reports them, after the serializer read them.
        """{"run_id": "r", "metrics": [{"value": 1, "timestamp": 5}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "timestamp": 5}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "", "value": 1, "timestamp": 5}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 5}, {}]}""",
        // Params without a key, likewise.
        """{"run_id": "r", "params": [{"value": "v"}]}""",
        """{"run_id": "r", "params": [{"key": "", "value": "v"}]}""",
        """{"run_id": "r", "params": [{"key": "k", "value": "v"}, {}]}""",
        // null anywhere.
        "null",
        """{"run_id": null}""",
        """{"run_id": "r", "metrics": null}""",
        """{"run_id": "r", "metrics": [null]}""",
        """{"run_id": "r", "metrics": [{"key": null, "value": 1, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": null, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": null}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1, "step": null}]}""",
        """{"run_id": "r", "params": [{"key": "k", "value": null}]}""",
        """{"run_id": "r", "tags": null}""",
        // Repeated and unknown properties (the serializer keeps the last; MLflow's extra fields).
        """{"run_id": "a", "run_id": "b"}""",
        """{"run_id": "a", "metrics": [], "metrics": []}""",
        """{"run_id": "r", "metrics": [{"key": "k", "key": "j", "value": 1, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "value": 2, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1, "step": 1, "step": 2}]}""",
        """{"run_id": "r", "params": [{"key": "k", "value": "a", "value": "b"}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1, "model_id": "m-1"}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1, "dataset_name": "d", "dataset_digest": "x"}]}""",
        """{"run_id": "r", "experiment_id": "0"}""",
        """{"run_id": "r", "Run_Id": "s"}""",
        """{"run_id": "r", "nested": {"metrics": [{"key": "k"}]}}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1, "extra": [[{}]]}]}""",
        // A repeated key whose value looks like the next field's name.
        """{"run_id": "r", "metrics": [{"key": "a", "key": "value": 1, "timestamp": 1}]}""",
        // Escaped field names.
        """{"run\u005fid": "r"}""",
        """{"run_id": "r", "metrics": [{"k\u0065y": "k", "value": 1, "timestamp": 1}]}""",
        // Numbers as strings, named literals, booleans.
        """{"run_id": "r", "metrics": [{"key": "k", "value": "1.5", "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": "NaN", "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": "1700000000000"}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": true, "timestamp": 1}]}""",
        """{"run_id": 5}""",
        """{"run_id": "r", "params": [{"key": "k", "value": 5}]}""",
        """{"run_id": "r", "params": "p"}""",
        """{"run_id": "r", "metrics": {}}""",
        """{"run_id": "r", "metrics": [[]]}""",
        // Not JSON numbers, or not int64.
        """{"run_id": "r", "metrics": [{"key": "k", "value": 01, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1., "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": .5, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": +1, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": -, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1e, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1e+, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 0x10, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": NaN, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": Infinity, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1e309, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": -1e400, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1 2, "timestamp": 1}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1.0}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1e3}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 00}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 9223372036854775808}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": -9223372036854775809}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 18446744073709551616}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 99999999999999999999}]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1, "step": 123456789012345678901234567890}]}""",
        // Bad strings: a raw control character, a bad escape, a lone surrogate escape.
        "{\"run_id\": \"a\tb\"}",
        """{"run_id": "a\x"}""",
        """{"run_id": "a\u12"}""",
        """{"run_id": "a\ud800"}""",
        // Syntax: trailing commas, missing commas or colons, comments, trailing content, truncation.
        """{"run_id": "r",}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1},]}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1,}]}""",
        """{"run_id": "r" "metrics": []}""",
        """{"run_id" "r"}""",
        """{"run_id": "r", "metrics": [{"key": "k" "value": 1}]}""",
        """{"run_id": "r" /* c */}""",
        """{"run_id": "r"} x""",
        """{"run_id": "r"}{}""",
        """{"run_id": "r"}]""",
        """{"run_id": "r\""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1}""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": 1""",
        """{"run_id": "r", "metrics": [{"key": "k", "value": 1, "timestamp": """,
        """{"run_id": "r", "metrics": [""",
        "{",
        "[]",
        // Whitespace JSON does not allow.
        "{\u000B\"run_id\": \"r\"}",
        "{\"run_id\":\f\"r\"}",
        "{\"run_id\": \"r\"}\u00A0",
        "\"{}\"",
        "\uFEFF{}",
        "{}\u0000",
    };

    [Theory]
    [MemberData(nameof(DeclinedEdgeCases))]
    public void Edge_cases_it_declines_are_left_to_the_serializer(string body)
    {
        Assert.False(Fast(body, out _), body);
    }

    [Fact]
    public void Bodies_that_are_not_valid_UTF_8_are_left_to_the_serializer()
    {
        foreach (var template in new[] { """{"run_id": "r", "metrics": [{"key": "k?", "value": 1, "timestamp": 1}]}""", """{"run_id": "r", "params": [{"key": "k", "value": "\t?"}]}""" })
        foreach (var bad in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xE2, 0x82] })
        {
            var body = Encoding.UTF8.GetBytes(template).ToList();
            var at = body.IndexOf((byte)'?');
            body.RemoveAt(at);
            body.InsertRange(at, bad);
            Assert.False(LogBatchFastReader.TryRead(new ReadOnlySequence<byte>(body.ToArray()), out _));
            // ... which refuses them.
            Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(body.ToArray(), MlflowJsonContext.Default.LogBatchRequest));
        }
    }

    [Fact]
    public void Keys_seen_in_an_earlier_body_on_the_thread_are_reused_and_never_confused_with_lookalikes()
    {
        // Same length, same first and last 8 bytes, different middle: only the stored bytes tell them apart.
        const string first = "abcdefgh_1_stuvwxyz", lookalike = "abcdefgh_2_stuvwxyz";
        LogBatchRequest? earlier = null, later = null;
        // On a thread of its own, whose table starts empty (tables are per thread).
        var reader = new Thread(() =>
        {
            Fast($$$"""{"run_id": "r", "metrics": [{"key": "{{{first}}}", "value": 1, "timestamp": 1}, {"key": "loss", "value": 1, "timestamp": 1}]}""", out earlier);
            Fast($$$"""{"run_id": "r", "metrics": [{"key": "{{{lookalike}}}", "value": 2, "timestamp": 2}, {"key": "loss", "value": 2, "timestamp": 2}, {"key": "{{{first}}}", "value": 3, "timestamp": 3}]}""", out later);
        });
        reader.Start();
        reader.Join();
        var (a, b) = (earlier!.CheckedMetrics!, later!.CheckedMetrics!);
        Assert.Equal(lookalike, b[0].Key);
        Assert.Equal(first, b[2].Key);
        Assert.Same(a[0].Key, b[2].Key); // one string for the key across the two bodies
        Assert.Same(a[1].Key, b[1].Key);
    }

    [Fact]
    public void Many_bodies_with_ever_new_keys_on_one_thread_still_read_as_the_serializer_reads_them()
    {
        // More distinct keys and key bytes than one thread's table keeps: it starts over and stays exact.
        for (var body = 0; body < 40; body++)
        {
            var json = BenchmarkBody(100, 2, $"body{body}_metric_with_a_longer_name_");
            Assert.True(Fast(json, out var fast));
            AssertSame(Serializer(json), fast, $"body {body}");
        }
    }

    [Fact]
    public void Random_valid_bodies_take_the_fast_path_and_read_as_the_serializer_reads_them()
    {
        var random = new Random(20261122);
        var accepted = 0;
        for (var i = 0; i < 400; i++)
        {
            var body = RandomBody(random);
            var expected = Serializer(body);
            if (!Fast(body, out var fast))
            {
                // Declined only when a metric is incomplete or a param has no key, which the message's validation refuses.
                Assert.True(expected.Metrics?.Any(m => string.IsNullOrEmpty(m.Key) || m.Value is null || m.Timestamp is null) == true
                    || expected.Params?.Any(p => string.IsNullOrEmpty(p.Key)) == true, "declined a complete body: " + body);
                continue;
            }
            AssertSame(expected, fast, body);
            accepted++;
        }
        Assert.True(accepted > 50, $"only {accepted} random bodies took the fast path: the check would be vacuous");
    }

    [Fact]
    public void Truncated_and_mutated_bodies_are_either_declined_or_read_as_the_serializer_reads_them()
    {
        var random = new Random(7);
        const string significant = "{}[]:,\"\\ -+.eE0123456789nulltrue\t\n";
        var accepted = 0;
        for (var i = 0; i < 300; i++)
        {
            var body = RandomBody(random);
            var complete = body.TrimEnd(); // cutting only trailing whitespace leaves a valid body
            var cut = complete[..random.Next(complete.Length)];
            Assert.False(Fast(cut, out _), cut);
            for (var m = 0; m < 6; m++)
            {
                var at = random.Next(body.Length);
                var mutated = (m % 3) switch
                {
                    0 => body[..at] + significant[random.Next(significant.Length)] + body[(at + 1)..],
                    1 => body[..at] + significant[random.Next(significant.Length)] + body[at..],
                    _ => body[..at] + body[(at + 1)..],
                };
                var serializerRead = TrySerializer(mutated, out var expected);
                if (!Fast(mutated, out var fast)) continue;
                Assert.True(serializerRead, "fast reader accepted what the serializer refuses: " + mutated);
                AssertSame(expected!, fast, mutated);
                accepted++;
            }
        }
        Assert.True(accepted > 100, $"only {accepted} mutated bodies were still valid: the check would be vacuous");
    }

    private static string RandomBody(Random random)
    {
        var ws = () => random.Next(4) switch { 0 => "", 1 => " ", 2 => "\n  ", _ => random.Next(2) == 0 ? "\t" : "\r\n" };
        var fields = new List<string>();
        if (random.Next(10) > 0) fields.Add($"\"run_id\"{ws()}:{ws()}{JsonString(RandomKey(random))}");
        if (random.Next(5) == 0) fields.Add($"\"run_uuid\"{ws()}:{ws()}{JsonString(RandomKey(random))}");
        if (random.Next(8) > 0)
        {
            var keys = Enumerable.Range(0, random.Next(1, 6)).Select(_ => RandomKey(random)).ToArray();
            var metrics = new List<string>();
            for (var m = random.Next(0, 30); m > 0; m--)
            {
                var parts = new List<string>();
                if (random.Next(20) > 0) parts.Add($"\"key\"{ws()}:{ws()}{JsonString(keys[random.Next(keys.Length)])}");
                if (random.Next(20) > 0) parts.Add($"\"value\"{ws()}:{ws()}{RandomDouble(random)}");
                if (random.Next(20) > 0) parts.Add($"\"timestamp\"{ws()}:{ws()}{RandomInt64(random)}");
                if (random.Next(4) > 0) parts.Add($"\"step\"{ws()}:{ws()}{RandomInt64(random)}");
                Shuffle(random, parts);
                metrics.Add("{" + ws() + string.Join($"{ws()},{ws()}", parts) + ws() + "}");
            }
            fields.Add($"\"metrics\"{ws()}:{ws()}[{ws()}{string.Join($"{ws()},{ws()}", metrics)}{ws()}]");
        }
        foreach (var name in new[] { "params", "tags" })
        {
            if (random.Next(3) == 0) continue;
            var pairs = new List<string>();
            for (var p = random.Next(0, 6); p > 0; p--)
            {
                var parts = new List<string> { $"\"key\"{ws()}:{ws()}{JsonString(RandomKey(random))}" };
                if (random.Next(10) > 0) parts.Add($"\"value\"{ws()}:{ws()}{JsonString(RandomValue(random))}");
                Shuffle(random, parts);
                pairs.Add("{" + string.Join(",", parts) + "}");
            }
            fields.Add($"\"{name}\"{ws()}:{ws()}[{string.Join($",{ws()}", pairs)}]");
        }
        Shuffle(random, fields);
        return ws() + "{" + ws() + string.Join($"{ws()},{ws()}", fields) + ws() + "}" + ws();
    }

    private static string RandomKey(Random random) => random.Next(6) switch
    {
        0 => "metric" + random.Next(1000),
        1 => "train/loss_" + random.Next(10) + "/épocha",
        2 => "😀 " + random.Next(100),
        3 => "q\"uote\\d/" + random.Next(10),
        4 => "",
        _ => new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray()),
    };

    private static string RandomValue(Random random) => random.Next(3) switch
    {
        0 => new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray()),
        1 => "tab\there\nnewline\u0001ctl ünï €",
        _ => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
    };

    // A JSON string as clients write it: System.Text.Json's escaping (\uXXXX for non-ASCII), or Python's
    // with ensure_ascii off (raw UTF-8, only quotes, backslashes and control characters escaped).
    private static string JsonString(string value)
    {
        if (value.Length % 2 == 0) return JsonSerializer.Serialize(value);
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c == '"') json.Append("\\\"");
            else if (c == '\\') json.Append("\\\\");
            else if (c == '\n') json.Append("\\n");
            else if (c < ' ') json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }

    private static string RandomDouble(Random random)
    {
        double value;
        do value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
        while (!double.IsFinite(value));
        return random.Next(8) switch
        {
            0 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
            1 => ((random.Next(1000) + 1) * 0.001 + random.Next(10)).ToString("R", CultureInfo.InvariantCulture),
            2 => random.NextDouble().ToString("E10", CultureInfo.InvariantCulture),
            3 => (random.NextDouble() * 1e-3).ToString("R", CultureInfo.InvariantCulture),
            4 => "-0",
            5 => random.NextDouble().ToString("F20", CultureInfo.InvariantCulture),
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    private static string RandomInt64(Random random) => (random.Next(4) switch
    {
        0 => random.Next(0, 100),
        1 => 1700000000000L + random.Next(),
        2 => random.Next(2) == 0 ? long.MaxValue - random.Next(3) : long.MinValue + random.Next(3),
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    }).ToString(CultureInfo.InvariantCulture);

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static string BenchmarkBody(int metricCount, int steps, string keyPrefix)
    {
        var json = new StringBuilder("{\"run_id\": \"" + RunId + "\", \"metrics\": [");
        for (var step = 0; step < steps; step++)
            for (var m = 0; m < metricCount; m++)
            {
                if (step + m > 0) json.Append(", ");
                var value = ((m + 1) * 0.001 + step).ToString("R", CultureInfo.InvariantCulture);
                var key = keyPrefix == "validation/" ? $"{keyPrefix}{m}/accuracy" : $"{keyPrefix}{m}";
                json.Append(CultureInfo.InvariantCulture, $"{{\"key\": \"{key}\", \"value\": {value}, \"timestamp\": {1700000000000 + step}, \"step\": {step}}}");
            }
        return json.Append("], \"params\": [], \"tags\": []}").ToString();
    }

    private static bool Fast(string body, out LogBatchRequest request) =>
        LogBatchFastReader.TryRead(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), out request);

    private static LogBatchRequest Serializer(string body) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(body), MlflowJsonContext.Default.LogBatchRequest)
        ?? throw new InvalidOperationException("the serializer read null");

    private static bool TrySerializer(string body, out LogBatchRequest? request)
    {
        try
        {
            request = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(body), MlflowJsonContext.Default.LogBatchRequest);
            return request is not null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            request = null;
            return false;
        }
    }

    private static void AssertSame(LogBatchRequest expected, LogBatchRequest actual, string body)
    {
        Assert.True(expected.RunId == actual.RunId, $"run_id {expected.RunId} vs {actual.RunId}: {body}");
        Assert.True(expected.RunUuid == actual.RunUuid, $"run_uuid {expected.RunUuid} vs {actual.RunUuid}: {body}");
        // The fast reader accepts only complete metrics (the message's validation refuses the others).
        Assert.True(expected.Metrics is null || expected.Metrics.All(m => !string.IsNullOrEmpty(m.Key) && m.Value is not null && m.Timestamp is not null),
            "accepted an incomplete metric: " + body);
        Assert.Null(actual.Metrics);
        Assert.True((expected.Metrics is null) == (actual.CheckedMetrics is null), "metrics presence: " + body);
        if (expected.Metrics is not null)
        {
            Assert.Equal(expected.Metrics.Count, actual.CheckedMetrics!.Count);
            for (var i = 0; i < expected.Metrics.Count; i++)
            {
                var (e, a) = (expected.Metrics[i], actual.CheckedMetrics[i]);
                Assert.True(e.Key == a.Key, $"metrics[{i}].key {e.Key} vs {a.Key}: {body}");
                Assert.True(BitConverter.DoubleToInt64Bits(e.Value!.Value) == BitConverter.DoubleToInt64Bits(a.Value),
                    $"metrics[{i}].value {e.Value.Value:R} vs {a.Value:R}: {body}");
                Assert.True(e.Timestamp == a.Timestamp, $"metrics[{i}].timestamp {e.Timestamp} vs {a.Timestamp}: {body}");
                Assert.True((e.Step ?? 0) == a.Step, $"metrics[{i}].step {e.Step} (absent is 0) vs {a.Step}: {body}");
                Assert.True(a.DatasetName is null && a.DatasetDigest is null && a.ModelId is null, $"metrics[{i}] extra fields: {body}");
            }
        }
        // Params likewise come out ready to store, each with a key (an absent value is stored as "").
        Assert.Null(actual.Params);
        Assert.True((expected.Params is null) == (actual.CheckedParams is null), "params presence: " + body);
        if (expected.Params is not null)
        {
            Assert.Equal(expected.Params.Count, actual.CheckedParams!.Count);
            for (var i = 0; i < expected.Params.Count; i++)
            {
                var (e, a) = (expected.Params[i], actual.CheckedParams[i]);
                Assert.True(!string.IsNullOrEmpty(e.Key) && e.Key == a.Key, $"params[{i}].key {e.Key} vs {a.Key}: {body}");
                Assert.True((e.Value ?? "") == a.Value, $"params[{i}].value {e.Value} (absent is empty) vs {a.Value}: {body}");
            }
        }
        AssertSamePairs(expected.Tags, actual.Tags, "tags", body);
    }

    private static void AssertSamePairs(List<WireKeyValue>? expected, List<WireKeyValue>? actual, string field, string body)
    {
        Assert.True((expected is null) == (actual is null), $"{field} presence: {body}");
        if (expected is null) return;
        Assert.Equal(expected.Count, actual!.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Key == actual[i].Key, $"{field}[{i}].key {expected[i].Key} vs {actual[i].Key}: {body}");
            Assert.True(expected[i].Value == actual[i].Value, $"{field}[{i}].value {expected[i].Value} vs {actual[i].Value}: {body}");
        }
    }
}
