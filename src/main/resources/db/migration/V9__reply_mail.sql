-- Replies are mailed to the author of the comment they answer, in the same digest as comments on
-- one's videos: a comment may now wait for two recipients (the video's owner and the author of the
-- comment it replies to). owner_id is the recipient.
ALTER TABLE comment_mail DROP PRIMARY KEY, ADD PRIMARY KEY (comment_id, owner_id);
