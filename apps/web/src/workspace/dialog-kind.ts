/** The workspace's dialogs; the views ask the workspace to open one by its kind. */
export type DialogKind =
  'create-community' | 'create-channel' | 'browse-channels' | 'add-member' | 'channel-members' | 'new-dm' | 'quick-switcher' | 'search';
