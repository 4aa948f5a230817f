using Gyre.Monitoring.Validation.Expectations;

namespace Gyre.Monitoring.Validation;

internal enum ExpectationScope
{
    Column,
    Table,
}

/// <summary>How a suite-file entry becomes an expectation: its arguments, shorthand argument and factory.</summary>
internal sealed record ExpectationDefinition(
    string Name,
    ExpectationScope Scope,
    string[] Arguments,
    string? Shorthand,
    Func<YamlArguments, string?, int, Expectation> Create);

/// <summary>Every expectation a suite file can name.</summary>
internal static class ExpectationCatalog
{
    private static readonly string[] BetweenArgs = ["min", "max"];

    private static readonly Dictionary<string, ExpectationDefinition> Definitions = new ExpectationDefinition[]
    {
        new("not_null", ExpectationScope.Column, ["mostly"], null,
            (a, c, l) => new NotNullExpectation { Column = c, Line = l, Mostly = a.Fraction("mostly", 1) }),
        new("between", ExpectationScope.Column, ["min", "max", "strict_min", "strict_max", "mostly"], null,
            (a, c, l) =>
            {
                var e = new BetweenExpectation
                {
                    Column = c, Line = l, Min = a.OptionalDouble("min"), Max = a.OptionalDouble("max"),
                    StrictMin = a.Bool("strict_min", false), StrictMax = a.Bool("strict_max", false), Mostly = a.Fraction("mostly", 1),
                };
                return CheckRange(a, e.Min, e.Max, e);
            }),
        new("in_set", ExpectationScope.Column, ["values", "mostly"], "values",
            (a, c, l) => new InSetExpectation { Column = c, Line = l, Values = a.RequiredStringList("values"), Mostly = a.Fraction("mostly", 1) }),
        new("unique", ExpectationScope.Column, ["mostly"], null,
            (a, c, l) => new UniqueExpectation { Column = c, Line = l, Mostly = a.Fraction("mostly", 1) }),
        new("regex", ExpectationScope.Column, ["pattern", "mostly"], "pattern",
            (a, c, l) => new RegexExpectation { Column = c, Line = l, Pattern = a.RequiredString("pattern"), Mostly = a.Fraction("mostly", 1) }),
        new("row_count_between", ExpectationScope.Table, BetweenArgs, null,
            (a, c, l) =>
            {
                var e = new RowCountBetweenExpectation { Line = l, Min = a.OptionalLong("min"), Max = a.OptionalLong("max") };
                return CheckRange(a, e.Min, e.Max, e);
            }),
        new("mean_between", ExpectationScope.Column, BetweenArgs, null,
            (a, c, l) => Range(a, new MeanBetweenExpectation { Column = c, Line = l, Min = a.OptionalDouble("min"), Max = a.OptionalDouble("max") })),
        new("median_between", ExpectationScope.Column, BetweenArgs, null,
            (a, c, l) => Range(a, new MedianBetweenExpectation { Column = c, Line = l, Min = a.OptionalDouble("min"), Max = a.OptionalDouble("max") })),
        new("std_between", ExpectationScope.Column, ["min", "max", "ddof"], null,
            (a, c, l) => Range(a, new StdBetweenExpectation
            {
                Column = c, Line = l, Min = a.OptionalDouble("min"), Max = a.OptionalDouble("max"), Ddof = (int)(a.OptionalLong("ddof") ?? 1),
            })),
        new("quantile_between", ExpectationScope.Column, ["quantile", "min", "max"], null,
            (a, c, l) => Range(a, new QuantileBetweenExpectation
            {
                Column = c, Line = l, Quantile = a.Fraction("quantile"), Min = a.OptionalDouble("min"), Max = a.OptionalDouble("max"),
            })),
        new("max_null_rate", ExpectationScope.Column, ["max"], "max",
            (a, c, l) => new MaxNullRateExpectation { Column = c, Line = l, Max = a.Fraction("max") }),
        new("max_duplicate_rate", ExpectationScope.Column, ["max"], "max",
            (a, c, l) => new MaxDuplicateRateExpectation { Column = c, Line = l, Max = a.Fraction("max") }),
        new("min_class_share", ExpectationScope.Column, ["min"], "min",
            (a, c, l) => new MinClassShareExpectation { Column = c, Line = l, Min = a.Fraction("min") }),
        new("schema", ExpectationScope.Table, ["columns", "allow_extra_columns"], "columns",
            (a, c, l) => new SchemaExpectation
            {
                Line = l, Columns = SchemaColumns(a), AllowExtraColumns = a.Bool("allow_extra_columns", true),
            }),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Definitions.Keys;

    public static bool TryGet(string name, out ExpectationDefinition definition) => Definitions.TryGetValue(name, out definition!);

    /// <summary>The known name nearest to a misspelt one (edit distance at most 3), for "did you mean".</summary>
    public static string? Closest(string name) =>
        Definitions.Keys.Select(k => (k, d: EditDistance(name.ToLowerInvariant(), k))).Where(x => x.d <= 3)
            .OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();

    private static T Range<T>(YamlArguments a, T e) where T : StatisticBetweenExpectation => CheckRange(a, e.Min, e.Max, e);

    private static T CheckRange<T>(YamlArguments a, double? min, double? max, T e)
    {
        if (min is null && max is null) throw a.Error(a.Line, "needs 'min', 'max' or both");
        if (min > max) throw a.Error(a.Line, $"'min' ({min}) is greater than 'max' ({max})");
        return e;
    }

    private static List<(string, SchemaType)> SchemaColumns(YamlArguments a)
    {
        var mapping = a.RequiredMapping("columns");
        var result = new List<(string, SchemaType)>();
        foreach (var (k, v) in mapping.Children)
        {
            var column = (k as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
            var type = (v as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
            if (string.IsNullOrEmpty(column)) throw a.Error(SuiteParser.LineOf(k), "schema column names must be plain text");
            SchemaType parsed = type?.ToLowerInvariant() switch
            {
                "number" or "double" or "float" or "numeric" => SchemaType.Number,
                "integer" or "int" => SchemaType.Integer,
                "string" or "text" or "category" or "categorical" => SchemaType.String,
                "bool" or "boolean" => SchemaType.Bool,
                "any" or null or "" or "~" => SchemaType.Any,
                _ => throw a.Error(SuiteParser.LineOf(v), $"unknown type '{type}' for column '{column}' (types: number, integer, string, bool, any)"),
            };
            result.Add((column, parsed));
        }
        return result;
    }

    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
