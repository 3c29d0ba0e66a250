using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>The content of an <c>m.room.message</c> event; fields of other msgtypes are kept raw.</summary>
public sealed record MessageContent
{
    /// <summary>The message type, e.g. <c>m.text</c>.</summary>
    [JsonPropertyName("msgtype")]
    public string MsgType { get; init; } = MessageTypes.Text;

    /// <summary>The plain-text body.</summary>
    [JsonPropertyName("body")]
    public string Body { get; init; } = "";

    /// <summary>The format of <see cref="FormattedBody"/>, e.g. <c>org.matrix.custom.html</c>.</summary>
    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>The formatted body.</summary>
    [JsonPropertyName("formatted_body")]
    public string? FormattedBody { get; init; }

    /// <summary>For media messages: the <c>mxc://</c> URI of the (unencrypted) media.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>For media messages: metadata about the media.</summary>
    [JsonPropertyName("info")]
    public JsonElement? Info { get; init; }

    /// <summary>A relation to another event: a reply, thread, or edit.</summary>
    [JsonPropertyName("m.relates_to")]
    public RelatesTo? RelatesTo { get; init; }

    /// <summary>For edits: the new content that replaces the original.</summary>
    [JsonPropertyName("m.new_content")]
    public JsonElement? NewContent { get; init; }

    /// <summary>Intentional mentions: <c>{"user_ids": [...], "room": bool}</c>.</summary>
    [JsonPropertyName("m.mentions")]
    public Mentions? Mentions { get; init; }

    /// <summary>Every other content field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>The HTML format name.</summary>
    public const string HtmlFormat = "org.matrix.custom.html";

    /// <summary>A plain <c>m.text</c> message.</summary>
    public static MessageContent Text(string body) => new() { Body = body };

    /// <summary>An <c>m.text</c> message with an HTML body.</summary>
    public static MessageContent Html(string body, string html) => new() { Body = body, Format = HtmlFormat, FormattedBody = html };

    /// <summary>An <c>m.notice</c> message.</summary>
    public static MessageContent Notice(string body) => new() { MsgType = MessageTypes.Notice, Body = body };

    /// <summary>An <c>m.emote</c> message.</summary>
    public static MessageContent Emote(string body) => new() { MsgType = MessageTypes.Emote, Body = body };

    /// <summary>This message as a reply to <paramref name="eventId"/>.</summary>
    public MessageContent ReplyingTo(string eventId) =>
        this with { RelatesTo = (RelatesTo ?? new RelatesTo()) with { InReplyTo = new InReplyTo { EventId = eventId } } };

    /// <summary>This message in the thread rooted at <paramref name="threadRootId"/>.</summary>
    /// <param name="threadRootId">The thread root event.</param>
    /// <param name="latestEventId">The latest event in the thread, for clients without thread support.</param>
    public MessageContent InThread(string threadRootId, string latestEventId) => this with
    {
        RelatesTo = new RelatesTo
        {
            RelType = RelationTypes.Thread,
            EventId = threadRootId,
            IsFallingBack = true,
            InReplyTo = new InReplyTo { EventId = latestEventId },
        },
    };

    /// <summary>An edit of <paramref name="originalEventId"/> replacing its content with this message's.</summary>
    public MessageContent AsReplacementOf(string originalEventId) => this with
    {
        Body = "* " + Body,
        FormattedBody = FormattedBody is null ? null : "* " + FormattedBody,
        NewContent = MatrixJson.ToElement(this with { RelatesTo = null }),
        RelatesTo = new RelatesTo { RelType = RelationTypes.Replace, EventId = originalEventId },
    };
}

/// <summary>The <c>m.mentions</c> object of a message.</summary>
public sealed record Mentions
{
    /// <summary>The users mentioned.</summary>
    [JsonPropertyName("user_ids")]
    public IReadOnlyList<string>? UserIds { get; init; }

    /// <summary>Whether the whole room is mentioned (<c>@room</c>).</summary>
    [JsonPropertyName("room")]
    public bool? Room { get; init; }
}
