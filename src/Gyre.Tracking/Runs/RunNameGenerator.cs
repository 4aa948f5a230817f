namespace Gyre.Tracking.Runs;

/// <summary>Random run names in MLflow's style: "&lt;adjective&gt;-&lt;noun&gt;-&lt;number&gt;".</summary>
public static class RunNameGenerator
{
    private static readonly string[] Adjectives =
    [
        "able", "amazing", "bedecked", "bold", "brave", "bright", "calm", "capable", "charming", "clean",
        "clever", "colorful", "crawling", "dapper", "debonair", "dashing", "defiant", "delicate", "gentle",
        "gifted", "glamorous", "gregarious", "honorable", "industrious", "intelligent", "judicious", "kindly",
        "languid", "learned", "legendary", "likeable", "loud", "luminous", "luxuriant", "magnificent",
        "marvelous", "masked", "melodic", "merciful", "mercurial", "monumental", "mysterious", "nebulous",
        "nimble", "orderly", "peaceful", "placid", "polite", "popular", "puzzled", "rambunctious",
        "redolent", "resilient", "righteous", "rogue", "rumbling", "salty", "secretive", "selective",
        "sedate", "serious", "shivering", "silent", "skillful", "smiling", "spiffy", "stately", "suave",
        "thundering", "trusting", "unequaled", "upbeat", "valuable", "vaunted", "victorious", "wise", "zealous",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "ape", "asp", "auk", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf", "carp", "cat",
        "chimp", "cod", "colt", "conch", "cow", "crab", "crane", "croc", "crow", "cub", "deer", "doe", "dog",
        "dolphin", "donkey", "dove", "duck", "eel", "elk", "fawn", "finch", "fish", "flea", "fly", "foal",
        "fowl", "fox", "frog", "gnat", "gnu", "goat", "goose", "grouse", "grub", "gull", "hare", "hawk", "hen",
        "hog", "horse", "hound", "jay", "kit", "kite", "koi", "lamb", "lark", "loon", "lynx", "mare", "midge",
        "mink", "mole", "moose", "moth", "mouse", "mule", "newt", "owl", "ox", "panda", "perch", "pig", "pug",
        "quail", "ram", "rat", "ray", "robin", "roo", "rook", "seal", "shad", "shark", "sheep", "shoat",
        "shrew", "shrike", "shrimp", "skink", "skunk", "sloth", "slug", "smelt", "snail", "snake", "snipe",
        "sow", "sponge", "squid", "squirrel", "stag", "steed", "stoat", "stork", "swan", "tern", "toad",
        "trout", "turtle", "vole", "wasp", "whale", "wolf", "worm", "wren", "yak", "zebra",
    ];

    public static string Next() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(1000)}";
}
