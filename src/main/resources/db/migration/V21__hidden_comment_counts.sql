-- Issue 15 follow-up: the comment counts viewers see leave out the comments they cannot see (those
-- of disabled accounts, and the replies to them). From now on a disable or enable counts the
-- account's comments again (social.CommentModeration.recount); this puts the counts of accounts
-- disabled before that right, once. Nothing changes on an install without disabled accounts.

-- a comment's replies: those whose author is not disabled
UPDATE comments p
  JOIN (SELECT r.parent_id AS parent_id, COUNT(ru.id) AS shown
          FROM comments r
          LEFT JOIN users ru ON ru.id = r.user_id AND ru.status <> 'DISABLED'
         WHERE r.parent_id IN (SELECT d.parent_id FROM comments d JOIN users du ON du.id = d.user_id
                                WHERE du.status = 'DISABLED' AND d.parent_id IS NOT NULL)
         GROUP BY r.parent_id) x ON x.parent_id = p.id
   SET p.reply_count = x.shown
 WHERE p.reply_count <> x.shown;

-- a video's comments: those of authors not disabled, replies only under a shown comment
UPDATE video_stats st
   SET st.comments = (SELECT COUNT(*)
                        FROM comments c
                        JOIN users u ON u.id = c.user_id
                        LEFT JOIN comments p ON p.id = c.parent_id
                        LEFT JOIN users pu ON pu.id = p.user_id
                       WHERE c.videoKey = st.videoKey
                         AND u.status <> 'DISABLED'
                         AND (c.parent_id IS NULL OR pu.status <> 'DISABLED'))
 WHERE st.videoKey IN (SELECT dc.videoKey FROM comments dc JOIN users du ON du.id = dc.user_id
                        WHERE du.status = 'DISABLED');
