using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation;

/// <summary>A named list of expectations, usually read from YAML with <see cref="SuiteParser"/>.</summary>
public sealed class ExpectationSuite(string name, IReadOnlyList<Expectation> expectations, string? description = null)
{
    public string Name { get; } = name;
    public string? Description { get; } = description;
    public IReadOnlyList<Expectation> Expectations { get; } = expectations;

    /// <summary>Evaluates every expectation; one that cannot be evaluated fails with its reason instead of throwing.</summary>
    public ValidationReport Run(DataFrame data, ValidationOptions? options = null, string? dataSource = null)
    {
        options ??= new ValidationOptions();
        var results = new ExpectationResult[Expectations.Count];
        Parallel.For(0, Expectations.Count, i =>
        {
            var expectation = Expectations[i];
            try
            {
                results[i] = expectation.Evaluate(data, options);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug in one check must not hide the others' results; report it as a failure with the reason.
                results[i] = new ExpectationResult
                {
                    Expectation = expectation.Name,
                    Column = expectation.Column,
                    Success = false,
                    Line = expectation.Line,
                    Message = $"could not be evaluated: {e.Message}",
                    Error = e.Message,
                };
            }
        });
        return new ValidationReport(Name, dataSource, data.RowCount, results);
    }
}
