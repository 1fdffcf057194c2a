import { InitialSchema1732233600000 } from './1732233600000-initial-schema';
import { MessageAuthorSeq1732320000000 } from './1732320000000-message-author-seq';
import { ChannelMemberCounters1732406400000 } from './1732406400000-channel-member-counters';
import { MessagesDropCommunityFk1732492800000 } from './1732492800000-messages-drop-community-fk';
import { ChannelMemberDeletedAboveMarker1732579200000 } from './1732579200000-channel-member-deleted-above-marker';
import { MessageThreads1732665600000 } from './1732665600000-message-threads';
import { MessageReactions1732752000000 } from './1732752000000-message-reactions';
import { ChannelTopic1732838400000 } from './1732838400000-channel-topic';
import { DirectConversations1732924800000 } from './1732924800000-direct-conversations';
import { MessageMentions1733011200000 } from './1733011200000-message-mentions';
import { MessageSearch1733097600000 } from './1733097600000-message-search';
import { Files1733184000000 } from './1733184000000-files';

/**
 * Listed as classes rather than a file glob, so they load the same from sources (jest), from the
 * compiled dist and from a bundle. Append new migrations in order.
 */
export const API_MIGRATIONS = [
  InitialSchema1732233600000,
  MessageAuthorSeq1732320000000,
  ChannelMemberCounters1732406400000,
  MessagesDropCommunityFk1732492800000,
  ChannelMemberDeletedAboveMarker1732579200000,
  MessageThreads1732665600000,
  MessageReactions1732752000000,
  ChannelTopic1732838400000,
  DirectConversations1732924800000,
  MessageMentions1733011200000,
  MessageSearch1733097600000,
  Files1733184000000,
];
