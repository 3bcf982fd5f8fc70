/**
 * Internal dependencies
 */
import { previewSiteName } from '../jobs/job-text';
import type { PreviewSite } from '../jobs/types';

interface Props {
	site: Pick< PreviewSite, 'id' | 'name' | 'url' >;
}

/**
 * A site as the header of its row in a table: its name, and its address under
 * it (alone when it has no name).
 *
 * @since 2.1.0
 *
 * @param props      Component props.
 * @param props.site The site.
 */
export function SiteRowHeader( { site }: Props ) {
	return (
		<th scope="row">
			<span className="wpmus-jobs-table__site">
				{ previewSiteName( site ) }
			</span>
			{ site.url && site.name.trim() && (
				<span className="wpmus-jobs-table__url">{ site.url }</span>
			) }
		</th>
	);
}
