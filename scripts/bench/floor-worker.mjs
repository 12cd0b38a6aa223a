// The server bench's floor for a token refresh on Workers: a Worker that does only what any refresh
// has to — read the JSON body, ask Twilio once about the identity's conversations, answer with a
// token-sized JSON — with no checks, no crypto, no log and no framework. What our Worker costs above
// this is what our code can still win.
export default {
  async fetch(request, env) {
    const { token, conversationSid } = await request.json();
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const query = `Identity=${encodeURIComponent(claims.grants.identity)}`;
    const answer = await fetch(`${env.CONVERSATIONS_API_URL}/v1/ParticipantConversations?${query}`, {
      headers: { Authorization: `Basic ${btoa(`${env.TWILIO_API_KEY_SID}:${env.TWILIO_API_KEY_SECRET}`)}` },
    });
    const page = await answer.json();
    const found = page.conversations.some((c) => c.conversation_sid === conversationSid);
    return Response.json({ token, conversationSid }, { status: found ? 200 : 401 });
  },
};
