import { InitialSchema1732233600000 } from './1732233600000-initial-schema';
import { MessageAuthorSeq1732320000000 } from './1732320000000-message-author-seq';

/**
 * Listed as classes rather than a file glob, so they load the same from sources (jest), from the
 * compiled dist and from a bundle. Append new migrations in order.
 */
export const API_MIGRATIONS = [InitialSchema1732233600000, MessageAuthorSeq1732320000000];
