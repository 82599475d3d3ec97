//! Validated ids: the numbers a model and a directory hand out. They are made only where an id
//! is resolved (`Model::perm`, `Directory::find_user`, ...) or a number is checked
//! (`Model::perm_at`, `Directory::user_at`), so no inner layer looks an id up again and no
//! number from outside reaches an index unchecked.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident($int:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub(crate) $int);

        impl $name {
            /// The position in the owner's tables.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The number, as it crosses into JavaScript.
            #[inline]
            pub fn number(self) -> u32 {
                u32::from(self.0)
            }
        }
    };
}

macro_rules! model_id {
    ($name:ident($int:ty)) => {
        impl $name {
            /// For a model's producer (the compiler): the id at position `i` of the model's list,
            /// which the producer keeps within the model limits.
            pub fn from_index(i: usize) -> Self {
                $name(i as $int)
            }
        }
    };
}

id!(
    /// A permission of the model: its bit position.
    PermId(u16)
);
id!(
    /// A role of the model.
    RoleId(u16)
);
id!(
    /// A level of the model.
    LevelId(u8)
);
id!(
    /// A user of the directory (numbered in order of arrival, never reused).
    UserId(u32)
);
id!(
    /// A scope of the directory (numbered in order of arrival, a parent before its children; a
    /// removed scope keeps its number for its path until `remove_scope` compacts the directory,
    /// the one call that renumbers scopes).
    ScopeId(u32)
);

model_id!(PermId(u16));
model_id!(RoleId(u16));
model_id!(LevelId(u8));
