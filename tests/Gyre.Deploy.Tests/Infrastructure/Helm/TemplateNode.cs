namespace Gyre.Deploy.Tests.Infrastructure.Helm;

/// <summary>A parsed piece of a Go template: literal text, an action printing a pipeline, or an if/else block.</summary>
internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

internal sealed record ActionNode(string Pipeline) : TemplateNode;

internal sealed record IfNode(string Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode> Else) : TemplateNode;
